package io.kruise.agents.model;

/**
 * Values of {@code spec.persistentContents}: what a sandbox keeps across a pause and resume.
 */
public final class PersistentContents {

  /** Keep the IP address. */
  public static final String IP = "ip";
  /** Keep the memory contents. */
  public static final String MEMORY = "memory";
  /** Keep the file system. */
  public static final String FILESYSTEM = "filesystem";

  private PersistentContents() {
  }
}
