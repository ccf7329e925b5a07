package io.weir.transform.project;

import java.util.LinkedHashMap;
import java.util.Map;

/** A node as templates see it in {@code model} and in the {@code node} argument of the naming macros. */
final class NodeMaps {
    private NodeMaps() {}

    static Map<String, Object> of(NodeDraft draft) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("unique_id", draft.uniqueId);
        map.put("name", draft.name);
        map.put("resource_type", draft.type.manifestName());
        map.put("package_name", draft.fqn.get(0));
        map.put("fqn", draft.fqn);
        map.put("path", draft.path);
        map.put("original_file_path", draft.originalFilePath);
        map.put("config", draft.config);
        map.put("tags", draft.config.get("tags"));
        map.put("raw_code", draft.rawCode);
        map.put("description", draft.description);
        return map;
    }
}
