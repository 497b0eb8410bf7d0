/** Implementation of the state engine: entity tree, Merkle trie, sequence tree, apply logic. */
package dev.mero4j.crdt.internal;
