/**
 * The {@code gallery} command line: enrol a class folder offline, export a gallery to JSON Lines
 * and import it back (backups, moving to another store).
 */
package io.siameseonnx.server.gallery.cli;
