/** Storage layout of the DAG. */
package dev.mero4j.dag.internal;
