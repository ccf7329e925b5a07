package io.weir.transform.jinja;

import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.el.ext.AdditionOperator;
import com.hubspot.jinjava.el.ext.AstDict;
import com.hubspot.jinjava.el.ext.ExtendedParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jinjava.de.odysseus.el.tree.Bindings;
import jinjava.de.odysseus.el.tree.impl.Builder;
import jinjava.de.odysseus.el.tree.impl.Parser;
import jinjava.de.odysseus.el.tree.impl.Scanner;
import jinjava.de.odysseus.el.tree.impl.Scanner.Symbol;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;
import jinjava.de.odysseus.el.tree.impl.ast.AstLiteral;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.de.odysseus.el.tree.impl.ast.AstParameters;
import jinjava.javax.el.ELContext;

/**
 * Jinjava's expression syntax with the Python that Jinja2 reads and Jinjava does not: a trailing comma in a call, a
 * list or a tuple ({@code f(a, b,)}, {@code [1, 2,]}), dict keys that are any expression ({@code {col.name: col}}),
 * {@code %} formatting of a string ({@code '%s-%d' % (a, 3)}), and dates plus or minus a {@code timedelta}. Public only because the expression factory
 * instantiates it by name.
 */
public final class PythonSyntax extends ExtendedSyntaxBuilder {
    private static final long serialVersionUID = 1L;

    public PythonSyntax() {}

    public PythonSyntax(Builder.Feature... features) {
        super(features);
    }

    @Override
    protected Parser createParser(String expression) {
        return new PythonParser(this, expression);
    }

    /** {@code +} and {@code -} of dates and {@link Timedelta}s; anything else as {@code plain} computes it. */
    private static AstBinary.Operator dateArithmetic(AstBinary.Operator plain, boolean add) {
        return (bindings, context, left, right) -> {
            Object a = left.eval(bindings, context);
            Object b = right.eval(bindings, context);
            Object dated = Timedelta.arithmetic(a, b, add);
            return dated != null ? dated : plain.eval(bindings, context, new Evaluated(a), new Evaluated(b));
        };
    }

    /** A value already computed, standing in for the expression that gave it. */
    private static final class Evaluated extends AstLiteral {
        private final Object value;

        Evaluated(Object value) {
            this.value = value;
        }

        @Override
        public Object eval(Bindings bindings, ELContext context) {
            return value;
        }

        @Override
        public void appendStructure(StringBuilder builder, Bindings bindings) {
            builder.append(value);
        }

        @Override
        public String toString() {
            return String.valueOf(value);
        }
    }

    private static final class PythonParser extends ExtendedParser {
        PythonParser(Builder context, String input) {
            super(context, input);
        }

        @Override
        protected AstParameters params(Symbol left, Symbol right) throws Scanner.ScanException, Parser.ParseException {
            consumeToken(left);
            List<AstNode> nodes = new ArrayList<>();
            AstNode node = expr(false);
            if (node != null) {
                nodes.add(node);
                while (getToken().getSymbol() == Symbol.COMMA) {
                    consumeToken();
                    if (getToken().getSymbol() == right) {
                        break;
                    }
                    nodes.add(expr(true));
                }
            }
            consumeToken(right);
            return createAstParameters(nodes);
        }

        /**
         * A parenthesised expression, or a tuple when a comma stands at its top level. Jinjava's own check counts
         * brackets but not braces, so that {@code ({'a': 1, 'b': 2}.items())} became a tuple.
         */
        @Override
        protected AstNode nonliteral() throws Scanner.ScanException, Parser.ParseException {
            if (getToken().getSymbol() != Symbol.LPAREN) {
                return super.nonliteral();
            }
            int depth = 0;
            int ahead = 0;
            Scanner.Token token = lookahead(ahead++);
            while (token.getSymbol() != Symbol.EOF && (depth > 0 || token.getSymbol() != Symbol.RPAREN)) {
                if (opens(token)) {
                    depth++;
                } else if (depth > 0 && closes(token)) {
                    depth--;
                } else if (depth == 0 && token.getSymbol() == Symbol.COMMA) {
                    return createAstTuple(params());
                }
                token = lookahead(ahead++);
            }
            consumeToken();
            AstNode nested = expr(true);
            consumeToken(Symbol.RPAREN);
            return createAstNested(nested);
        }

        private static boolean opens(Scanner.Token token) {
            return token.getSymbol() == Symbol.LPAREN
                    || token.getSymbol() == Symbol.LBRACK
                    || (token.getSymbol() == Symbol.EXTENSION
                            && token.getImage().equals("{"));
        }

        private static boolean closes(Scanner.Token token) {
            return token.getSymbol() == Symbol.RPAREN
                    || token.getSymbol() == Symbol.RBRACK
                    || (token.getSymbol() == Symbol.EXTENSION
                            && token.getImage().equals("}"));
        }

        @Override
        protected AstDict createAstDict(Map<AstNode, AstNode> dict) {
            return new PythonDict(dict);
        }

        @Override
        protected AstBinary createAstBinary(AstNode left, AstNode right, AstBinary.Operator operator) {
            AstBinary.Operator python = operator;
            if (operator == AstBinary.MOD) {
                python = PercentFormat.OPERATOR;
            } else if (operator == AdditionOperator.OP || operator == AstBinary.SUB) {
                python = dateArithmetic(operator, operator != AstBinary.SUB);
            }
            return super.createAstBinary(left, right, python);
        }
    }
}
