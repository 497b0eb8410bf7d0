package dev.mero4j.console.groovy.internal;

import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.runtime.InvokerInvocationException;

/** Formats failures as the one line operators read, and as the full trace on request. */
public final class ErrorFormatter {
  private ErrorFormatter() {}

  /** The failure that matters: wrappers from reflection and Groovy's invoker removed. */
  public static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof InvokerInvocationException
            || t instanceof InvocationTargetException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** {@code Type: message} on one line, with compile errors reduced to their first message. */
  public static String oneLine(Throwable error) {
    Throwable e = unwrap(error);
    String message;
    if (e instanceof MultipleCompilationErrorsException compile) {
      message = "syntax error: " + firstCompileError(compile);
      return message;
    }
    if (e instanceof MissingPropertyException missing) {
      return "no variable or property '" + missing.getProperty() + "' (help() lists what is bound)";
    }
    if (e instanceof MissingMethodException missing
        && missing.isStatic() == false
        && missing.getType() != null
        && missing.getType().getName().startsWith("Script")) {
      return "no command '" + missing.getMethod() + "' (help() lists the commands)";
    }
    message = e.getMessage() == null ? "" : e.getMessage();
    String type = e.getClass().getSimpleName();
    String line = message.isEmpty() ? type : type + ": " + message;
    return line.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  private static String firstCompileError(MultipleCompilationErrorsException e) {
    if (e.getErrorCollector().getErrorCount() == 0) {
      return e.getMessage();
    }
    Message first = e.getErrorCollector().getError(0);
    if (first instanceof SyntaxErrorMessage syntax) {
      var cause = syntax.getCause();
      return cause.getOriginalMessage()
          + " at line "
          + cause.getLine()
          + ", column "
          + cause.getStartColumn();
    }
    if (first instanceof ExceptionMessage exception) {
      return String.valueOf(exception.getCause().getMessage());
    }
    StringWriter text = new StringWriter();
    first.write(new PrintWriter(text));
    return text.toString().replaceAll("\\s*\\R\\s*", " ").strip();
  }

  /** The full stack trace. */
  public static String trace(Throwable error) {
    StringWriter text = new StringWriter();
    unwrap(error).printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  /** The line of the script where {@code error} happened, or -1. */
  public static int scriptLine(Throwable error, String scriptFileName) {
    for (StackTraceElement frame : unwrap(error).getStackTrace()) {
      if (scriptFileName.equals(frame.getFileName()) && frame.getLineNumber() > 0) {
        return frame.getLineNumber();
      }
    }
    return -1;
  }
}
