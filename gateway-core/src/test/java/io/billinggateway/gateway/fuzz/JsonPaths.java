package io.billinggateway.gateway.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and replaces values at {@code /}-separated paths ({@code prices/0/amount}) in JSON trees of maps and lists. */
final class JsonPaths {
    private JsonPaths() {
    }

    /** A copy whose maps and lists can be changed. */
    static Object mutableCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), mutableCopy(item)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(mutableCopy(item)));
            return copy;
        }
        return value;
    }

    static Object get(Object root, String path) {
        Object current = root;
        for (String segment : path.split("/")) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(segment);
            }
            else if (current instanceof List<?> list && Integer.parseInt(segment) < list.size()) {
                current = list.get(Integer.parseInt(segment));
            }
            else {
                return null;
            }
        }
        return current;
    }

    /**
     * Sets the value at the path ({@link Mutation#ABSENT} removes it) and returns the root. A path through a
     * value that an earlier change replaced by a scalar is left alone.
     */
    @SuppressWarnings("unchecked")
    static Object set(Object root, String path, Object value) {
        String[] segments = path.split("/");
        Object current = root;
        for (int index = 0; index < segments.length - 1; index++) {
            current = current instanceof Map<?, ?> map ? map.get(segments[index])
                    : current instanceof List<?> list && Integer.parseInt(segments[index]) < list.size() ? list.get(Integer.parseInt(segments[index])) : null;
        }
        String last = segments[segments.length - 1];
        if (current instanceof Map<?, ?> map) {
            Map<String, Object> object = (Map<String, Object>) map;
            if (value == Mutation.ABSENT) {
                object.remove(last);
            }
            else {
                object.put(last, mutableCopy(value));
            }
        }
        else if (current instanceof List<?> list && Integer.parseInt(last) < list.size()) {
            List<Object> array = (List<Object>) list;
            if (value == Mutation.ABSENT) {
                array.remove(Integer.parseInt(last));
            }
            else {
                array.set(Integer.parseInt(last), mutableCopy(value));
            }
        }
        return root;
    }
}
