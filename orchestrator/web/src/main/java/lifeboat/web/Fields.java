package lifeboat.web;

import io.javalin.http.Context;

/** Form fields read with a length limit each: a field that is too long is a 400 naming it. */
final class Fields {
    private Fields() {
    }

    static String optional(Context ctx, String name, int max) {
        String v = ctx.formParam(name);
        if (v != null && v.length() > max) {
            throw new IllegalArgumentException("the field '" + name + "' is too long (at most " + max
                    + " characters)");
        }
        return v == null || v.isBlank() ? null : v.strip();
    }

    static String required(Context ctx, String name, int max) {
        String v = optional(ctx, name, max);
        if (v == null) {
            throw new IllegalArgumentException("the field '" + name + "' is empty");
        }
        return v;
    }
}
