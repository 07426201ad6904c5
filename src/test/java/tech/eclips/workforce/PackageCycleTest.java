package tech.eclips.workforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Arrows one way: no package of the application depends on itself through others. Read from the
 * compiled classes (every class a class file names: imports, fully qualified names, signatures,
 * annotations), so nothing the sources hide escapes it. A failure names each cycle and the classes
 * behind every arrow in it.
 */
class PackageCycleTest {

  private static final String ROOT = "tech/eclips/workforce/";

  private static final Pattern CLASS_NAME =
      Pattern.compile(Pattern.quote(ROOT) + "[A-Za-z0-9_/$]+");

  @Test
  void noPackageDependsOnItself() throws IOException {
    Map<String, Map<String, Set<String>>> graph = packageGraph(Path.of("target/classes"));
    assertTrue(graph.size() > 50, "found only " + graph.size() + " packages: is the scan broken?");
    assertEquals("", describe(cycles(graph), graph));
  }

  @Test
  void aCycleIsFoundAndNamed() {
    Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
    arrow(graph, "a.boundary.Resource", "a.control.Worker");
    arrow(graph, "a.control.Worker", "b.control.Helper");
    arrow(graph, "b.control.Helper", "a.boundary.Batches");
    arrow(graph, "b.control.Helper", "c.entity.Row");
    String report = describe(cycles(graph), graph);
    assertTrue(report.contains("a.boundary -> a.control -> b.control -> a.boundary"), report);
    assertTrue(report.contains("b.control.Helper -> a.boundary.Batches"), report);
    assertTrue(!report.contains("c.entity"), report);
  }

  /** Package → package it uses → the "Class -> Class" arrows behind that use. */
  static Map<String, Map<String, Set<String>>> packageGraph(Path classes) throws IOException {
    Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(f -> f.toString().endsWith(".class")).toList();
    }
    for (Path file : files) {
      String origin = topLevel(classes.relativize(file).toString().replace('\\', '/'));
      graph.computeIfAbsent(packageOf(origin), p -> new TreeMap<>());
      for (String target : referencedClasses(file)) {
        if (!packageOf(target).equals(packageOf(origin))) {
          arrow(graph, origin, target);
        }
      }
    }
    return graph;
  }

  private static void arrow(Map<String, Map<String, Set<String>>> graph, String from, String to) {
    graph
        .computeIfAbsent(packageOf(from), p -> new TreeMap<>())
        .computeIfAbsent(packageOf(to), p -> new TreeSet<>())
        .add(from + " -> " + to);
    graph.computeIfAbsent(packageOf(to), p -> new TreeMap<>());
  }

  /** Every class of the application the class file names in its constant pool. */
  private static Set<String> referencedClasses(Path file) throws IOException {
    Set<String> names = new TreeSet<>();
    try (InputStream in = Files.newInputStream(file);
        DataInputStream data = new DataInputStream(in)) {
      data.skipBytes(8); // magic, minor, major
      int count = data.readUnsignedShort();
      for (int i = 1; i < count; i++) {
        int tag = data.readUnsignedByte();
        switch (tag) {
          case 1 -> {
            Matcher m = CLASS_NAME.matcher(data.readUTF());
            while (m.find()) {
              names.add(topLevel(m.group()));
            }
          }
          case 7, 8, 16, 19, 20 -> data.skipBytes(2);
          case 15 -> data.skipBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipBytes(4);
          case 5, 6 -> {
            data.skipBytes(8);
            i++; // a long or double takes two entries
          }
          default -> throw new IOException(file + ": unknown constant pool tag " + tag);
        }
      }
    }
    return names;
  }

  /**
   * {@code tech/eclips/workforce/keys/boundary/KeyVerifier$1.class} → {@code
   * keys.boundary.KeyVerifier}.
   */
  private static String topLevel(String path) {
    String name = path.replaceAll("\\.class$", "");
    int nested = name.indexOf('$');
    name = nested < 0 ? name : name.substring(0, nested);
    return name.substring(ROOT.length()).replace('/', '.');
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "(root)" : className.substring(0, dot);
  }

  /** Tarjan's strongly connected components with more than one package: each holds a cycle. */
  static List<Set<String>> cycles(Map<String, Map<String, Set<String>>> graph) {
    Tarjan tarjan = new Tarjan(graph);
    graph.keySet().forEach(tarjan::visitIfNew);
    return tarjan.components;
  }

  private static final class Tarjan {
    private final Map<String, Map<String, Set<String>>> graph;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new HashSet<>();
    private final List<Set<String>> components = new ArrayList<>();

    Tarjan(Map<String, Map<String, Set<String>>> graph) {
      this.graph = graph;
    }

    void visitIfNew(String node) {
      if (!index.containsKey(node)) {
        visit(node);
      }
    }

    private void visit(String node) {
      index.put(node, index.size());
      low.put(node, index.get(node));
      stack.push(node);
      onStack.add(node);
      for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
        if (!index.containsKey(next)) {
          visit(next);
          low.put(node, Math.min(low.get(node), low.get(next)));
        } else if (onStack.contains(next)) {
          low.put(node, Math.min(low.get(node), index.get(next)));
        }
      }
      if (low.get(node).equals(index.get(node))) {
        Set<String> component = new TreeSet<>();
        String member;
        do {
          member = stack.pop();
          onStack.remove(member);
          component.add(member);
        } while (!member.equals(node));
        if (component.size() > 1) {
          components.add(component);
        }
      }
    }
  }

  /** For each knot: one shortest cycle through its first package, then every arrow inside it. */
  static String describe(List<Set<String>> knots, Map<String, Map<String, Set<String>>> graph) {
    StringBuilder text = new StringBuilder();
    for (Set<String> knot : knots) {
      String first = knot.iterator().next();
      text.append("\ncycle: ").append(String.join(" -> ", shortestCycle(first, knot, graph)));
      text.append("\n  packages in this knot: ").append(knot);
      for (String from : knot) {
        graph
            .get(from)
            .forEach(
                (to, classes) -> {
                  if (knot.contains(to)) {
                    text.append("\n  ").append(from).append(" -> ").append(to);
                    classes.forEach(c -> text.append("\n      ").append(c));
                  }
                });
      }
    }
    return text.toString();
  }

  private static List<String> shortestCycle(
      String start, Set<String> knot, Map<String, Map<String, Set<String>>> graph) {
    Map<String, String> cameFrom = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String at = queue.poll();
      for (String next : graph.get(at).keySet()) {
        if (next.equals(start)) {
          List<String> path = new ArrayList<>(List.of(start));
          for (String back = at; !back.equals(start); back = cameFrom.get(back)) {
            path.add(0, back);
          }
          path.add(0, start);
          return path;
        }
        if (knot.contains(next) && !cameFrom.containsKey(next)) {
          cameFrom.put(next, at);
          queue.add(next);
        }
      }
    }
    throw new IllegalStateException("no cycle through " + start);
  }
}
