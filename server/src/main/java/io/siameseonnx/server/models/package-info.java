/**
 * The models being served: one host a model of the repository (its slot, batcher, reload), the
 * newest loadable version at start-up, hot reload of newer versions, and what is loaded now.
 */
package io.siameseonnx.server.models;
