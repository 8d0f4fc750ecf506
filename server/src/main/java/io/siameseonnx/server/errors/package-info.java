/**
 * The failures the services report, in no protocol's terms: bad input (naming the offending field),
 * not ready, overloaded, inference failed. Each protocol maps them to its own answer in one place.
 */
package io.siameseonnx.server.errors;
