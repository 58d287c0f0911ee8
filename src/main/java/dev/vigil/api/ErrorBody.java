package dev.vigil.api;

/** The JSON error body on every route: {@code {"code":N,"message":"…"}}. */
public record ErrorBody(int code, String message) {}
