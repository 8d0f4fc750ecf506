package io.siameseonnx.server.http.v1;

import java.util.List;

/**
 * The answer to an enrolment, sent once the examples are durable.
 *
 * @param subject the subject
 * @param exampleIds the new examples' ids, in the order of the request's images
 */
public record EnrolResponse(String subject, List<String> exampleIds) {}
