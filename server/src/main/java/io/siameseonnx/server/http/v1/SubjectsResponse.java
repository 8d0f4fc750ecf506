package io.siameseonnx.server.http.v1;

import io.siameseonnx.server.gallery.SubjectSummary;
import java.util.List;

/**
 * {@code GET /v1/galleries/{g}/subjects}: one page of subjects, in UTF-8 byte order.
 *
 * @param subjects the page's subjects and their example counts
 * @param nextCursor pass as {@code cursor} for the next page; null on the last
 */
public record SubjectsResponse(List<SubjectSummary> subjects, String nextCursor) {}
