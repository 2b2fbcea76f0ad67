package io.kruise.agents.testkit;

/** Run by {@link JavaProcessTest} in a child JVM: prints its arguments, one per line, and exits. */
public final class EchoMain {

  private EchoMain() {}

  /**
   * @param args the lines to print; the last one, a number, is the exit code
   */
  public static void main(String[] args) {
    for (int i = 0; i < args.length - 1; i++) {
      System.out.println(args[i]);
    }
    System.err.println("echo: done");
    System.exit(Integer.parseInt(args[args.length - 1]));
  }
}
