package dev.mero4j.it.osgi;

import java.io.IOException;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The shipped `default` assembly in Felix: TCKs inside the framework, a kv-store round trip, a swap
 * to memory and back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DefaultAssemblyInFelixTest extends AssemblyInFelix {
  @Configuration
  public Option[] config() throws IOException {
    return options("default", "memory");
  }
}
