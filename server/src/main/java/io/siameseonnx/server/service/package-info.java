/**
 * The protocol-neutral services: embed images, verify a pair, rank candidates. They take decoded
 * inputs (an encoded image or a tensor, each knowing its field in the request) and return plain
 * results; every protocol's handlers are thin adapters over them.
 */
package io.siameseonnx.server.service;
