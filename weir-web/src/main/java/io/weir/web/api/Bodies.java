package io.weir.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

/** Request bodies read as JSON objects, with a 400 problem saying what is wrong. */
final class Bodies {
    private Bodies() {}

    static JsonNode object(Context ctx) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw ApiProblem.badRequest("The request body is empty; send a JSON object");
        }
        try {
            JsonNode node = ApiJson.mapper().readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiProblem.badRequest("The request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** A text field, or null when absent or JSON null; a 400 when it is another type. */
    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiProblem.badRequest(field + " must be a string");
        }
        return value.textValue();
    }
}
