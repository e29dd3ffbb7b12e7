package dev.stampede.server;

import java.nio.charset.StandardCharsets;

/** The bodies the mock answers with, shaped like an LLM API's (Anthropic's error envelope). */
final class Responses {

    private Responses() {}

    static final byte[] OVERLOADED = error("overloaded_error", "Overloaded");
    static final byte[] RATE_LIMITED = error("rate_limit_error", "Rate limited by the stampede mock");
    static final byte[] API_ERROR = error("api_error", "Internal server error (scripted by the stampede mock)");
    static final byte[] TOO_LARGE = error("request_too_large", "Request body exceeds the mock's limit of "
            + MockServer.MAX_BODY_BYTES + " bytes");
    static final byte[] NOT_FOUND = error("not_found_error", "No such stampede endpoint");
    static final byte[] METHOD_NOT_ALLOWED = error("invalid_request_error", "Method not allowed");
    /** A repeat of an idempotency key whose first request is still in progress (Stripe answers such a repeat 409). */
    static final byte[] KEY_IN_USE = error("idempotency_error",
            "A request with this idempotency key is still in progress; retry after it completes");

    /** A degraded 200's body ({@link RoutedModel#DEGRADED_BODY}): empty, so a quality gate rejects it. */
    static final byte[] DEGRADED = RoutedModel.DEGRADED_BODY.getBytes(StandardCharsets.UTF_8);

    /** The error body for a scripted or shedding status. */
    static byte[] forStatus(int status) {
        return switch (status) {
            case 529 -> OVERLOADED;
            case 429 -> RATE_LIMITED;
            case 413 -> TOO_LARGE;
            case 409 -> KEY_IN_USE;
            default -> status >= 500 ? API_ERROR : error("invalid_request_error", "Scripted status " + status);
        };
    }

    /** A small successful message response, as an LLM API's {@code /v1/messages} returns. */
    static byte[] message(String id) {
        return ("{\"id\":\"msg_" + id + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"stampede-mock\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":8,\"output_tokens\":1}}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] error(String type, String message) {
        return ("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Retry-After in whole seconds, rounded up. */
    static String retryAfterSeconds(long nanos) {
        return Long.toString(Math.ceilDiv(nanos, 1_000_000_000L));
    }
}
