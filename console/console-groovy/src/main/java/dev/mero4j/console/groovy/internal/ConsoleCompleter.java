package dev.mero4j.console.groovy.internal;

import groovy.lang.Binding;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: commands and variables, context aliases and ids inside {@code ctx('..')}, app
 * method names (from the app's ABI) inside {@code .call('..')}, and members after a dot.
 */
public final class ConsoleCompleter implements Completer {
  private static final System.Logger LOG = System.getLogger(ConsoleCompleter.class.getName());
  private static final String QUOTED = "\\(\\s*['\"]([^'\"]+)['\"]\\s*\\)";
  private static final Pattern CALL_METHOD =
      Pattern.compile(
          "(?:(?:ctx|contexts\\.get)"
              + QUOTED
              + "|contexts\\[\\s*['\"]([^'\"]+)['\"]\\s*\\]|\\b(\\w+))\\s*\\.\\s*call\\(\\s*['\"]([\\w-]*)$");
  private static final Pattern CONTEXT_REF =
      Pattern.compile(
          "(?:\\b(?:ctx|sync|watch|contexts\\.get|contexts\\.delete)\\(|contexts\\[)\\s*['\"]([\\w.-]*)$");
  private static final Pattern DAG_MEMBER = Pattern.compile("\\.dag\\(\\)\\s*\\.\\s*(\\w*)$");
  private static final Pattern CONTEXT_MEMBER =
      Pattern.compile("\\bctx" + QUOTED + "\\s*\\.\\s*(\\w*)$");
  private static final Pattern MEMBER = Pattern.compile("(?<![\\w.])(\\w+)\\s*\\.\\s*(\\w*)$");
  private static final Pattern DIRECTIVE = Pattern.compile("^\\s*:(\\w*)$");

  private final ShellSession session;
  private final Binding binding;

  public ConsoleCompleter(ShellSession session, Binding binding) {
    this.session = session;
    this.binding = binding;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    String before = line.line().substring(0, line.cursor());
    try {
      candidates.addAll(candidates(before));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "completion of '" + before + "' failed", e);
    }
  }

  List<Candidate> candidates(String before) {
    Matcher call = CALL_METHOD.matcher(before);
    if (call.find()) {
      ContextHandle handle =
          handle(call.group(1) != null ? call.group(1) : call.group(2), call.group(3));
      return handle == null
          ? List.of()
          : handle.methodNames().stream().map(n -> word(n, "app method")).toList();
    }
    if (CONTEXT_REF.matcher(before).find()) {
      return contextNames();
    }
    if (DAG_MEMBER.matcher(before).find()) {
      return members(DagView.class);
    }
    if (CONTEXT_MEMBER.matcher(before).find()) {
      return members(ContextHandle.class);
    }
    Matcher m = MEMBER.matcher(before);
    if (m.find()) {
      Object target = binding.hasVariable(m.group(1)) ? binding.getVariable(m.group(1)) : null;
      return target == null ? List.of() : members(target.getClass());
    }
    if (DIRECTIVE.matcher(before).find()) {
      return Help.SHELL.stream().map(e -> word(e[0].substring(1), e[1])).toList();
    }
    return names();
  }

  private ContextHandle handle(String reference, String variable) {
    if (reference != null) {
      return new ContextHandle(session, session.context(reference));
    }
    Object value = binding.hasVariable(variable) ? binding.getVariable(variable) : null;
    return value instanceof ContextHandle handle ? handle : null;
  }

  private List<Candidate> contextNames() {
    Map<String, String> names = new TreeMap<>();
    session.aliases().all().forEach((alias, id) -> names.put(alias, "alias of " + id.toBase58()));
    session
        .contexts()
        .list()
        .forEach(info -> names.putIfAbsent(info.id().toBase58(), "context id"));
    return names.entrySet().stream().map(e -> word(e.getKey(), e.getValue())).toList();
  }

  private List<Candidate> names() {
    Map<String, String> names = new TreeMap<>();
    for (String[] builtin : Help.BUILTINS) {
      String usage = builtin[0];
      int paren = usage.indexOf('(');
      if (paren > 0 && !usage.contains(".")) {
        names.put(usage.substring(0, paren), builtin[1]);
      }
    }
    names.put("show", "print a value as a table or JSON");
    session.commands().all().values().forEach(c -> names.putIfAbsent(c.name(), c.description()));
    for (Object key : binding.getVariables().keySet()) {
      names.putIfAbsent(String.valueOf(key), "variable");
    }
    names.remove("out");
    return names.entrySet().stream().map(e -> word(e.getKey(), e.getValue())).toList();
  }

  private static List<Candidate> members(Class<?> type) {
    Map<String, String> names = new TreeMap<>();
    for (Method method : type.getMethods()) {
      if (method.getDeclaringClass() == Object.class
          || Modifier.isStatic(method.getModifiers())
          || method.getDeclaringClass().getName().startsWith("groovy.")
          || method.isSynthetic()) {
        continue;
      }
      String name = method.getName();
      if (name.startsWith("get") && name.length() > 3 && method.getParameterCount() == 0) {
        name = Character.toLowerCase(name.charAt(3)) + name.substring(4);
      }
      if (!List.of("render", "row", "rows", "contextId", "getAt").contains(name)) {
        names.put(name, method.getReturnType().getSimpleName());
      }
    }
    return names.entrySet().stream().map(e -> word(e.getKey(), e.getValue())).toList();
  }

  private static Candidate word(String value, String description) {
    return new Candidate(value, value, null, description, null, null, false);
  }
}
