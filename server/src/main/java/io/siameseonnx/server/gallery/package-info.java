/**
 * Galleries: named collections of enrolled examples (one embedded Lucene index each) to identify a
 * query among many subjects or verify it against one, durably and with one model version a gallery.
 */
package io.siameseonnx.server.gallery;
