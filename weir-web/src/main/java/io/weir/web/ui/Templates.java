package io.weir.web.ui;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/** The pages' jte templates, compiled to classes by the build, so the server starts without compiling anything. */
final class Templates {
    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

    private Templates() {}

    static String render(String template, Map<String, Object> parameters) {
        StringOutput output = new StringOutput();
        ENGINE.render(template, parameters, output);
        return output.toString();
    }
}
