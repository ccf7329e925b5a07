package io.weir.transform.jinja;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.TruthyTypeConverter;
import java.util.Properties;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.tree.TreeBuilder;
import jinjava.javax.el.ExpressionFactory;

/** Jinjava whose expressions are read with {@link PythonSyntax}. */
final class PythonJinjava extends Jinjava {
    private static final int EXPRESSION_CACHE_SIZE = 50_000;

    private final ExpressionFactory expressions;

    PythonJinjava(JinjavaConfig config) {
        super(config);
        Properties properties = new Properties();
        properties.setProperty(TreeBuilder.class.getName(), PythonSyntax.class.getName());
        // A project's templates hold tens of thousands of distinct expressions, each evaluated when the project is
        // parsed and again when it compiles: keep their trees instead of reading them twice.
        properties.setProperty(ExpressionFactoryImpl.PROP_CACHE_SIZE, String.valueOf(EXPRESSION_CACHE_SIZE));
        this.expressions = new ExpressionFactoryImpl(properties, new TruthyTypeConverter());
    }

    @Override
    public ExpressionFactory getExpressionFactory() {
        return expressions;
    }
}
