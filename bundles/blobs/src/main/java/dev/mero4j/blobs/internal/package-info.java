/** Implementation of the blob store: the Merkle tree, chunk and manifest crypto, codecs. */
package dev.mero4j.blobs.internal;
