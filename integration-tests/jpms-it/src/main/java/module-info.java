/**
 * A smoke program that runs a Mero4j node on the plain module path, providers found by
 * ServiceLoader.
 */
module dev.mero4j.it.jpms {
  requires dev.mero4j.node;

  uses dev.mero4j.storage.api.StorageProvider;
  uses dev.mero4j.transport.api.TransportProvider;
  uses dev.mero4j.wasm.api.WasmEngine;
}
