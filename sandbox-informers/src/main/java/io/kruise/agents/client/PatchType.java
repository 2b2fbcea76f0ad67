package io.kruise.agents.client;

import io.kruise.agents.client.exceptions.ValidationException;

/**
 * Patch formats the API server accepts for custom resources. Strategic merge patch is not one of
 * them: {@link #fromContentType(String)} refuses it before any request.
 */
public enum PatchType {
  /** JSON merge patch (RFC 7386), {@code application/merge-patch+json}: the default. */
  MERGE("application/merge-patch+json"),
  /** JSON patch (RFC 6902), {@code application/json-patch+json}: a list of operations. */
  JSON("application/json-patch+json"),
  /**
   * Server-side apply, {@code application/apply-patch+yaml}: the patch is the full intent of one
   * field manager (see {@link PatchOptions}); the server tracks field ownership.
   */
  APPLY("application/apply-patch+yaml");

  private final String contentType;

  PatchType(String contentType) {
    this.contentType = contentType;
  }

  /** @return the HTTP content type of this patch format */
  public String contentType() {
    return contentType;
  }

  /**
   * Maps a content type, as the Python client takes it, to a patch type.
   *
   * @param contentType e.g. {@code application/merge-patch+json}; null means MERGE
   * @return the patch type
   * @throws ValidationException for strategic merge patch (custom resources do not support it)
   *     and for unknown content types
   */
  public static PatchType fromContentType(String contentType) {
    if (contentType == null) {
      return MERGE;
    }
    for (PatchType type : values()) {
      if (type.contentType.equalsIgnoreCase(contentType.trim())) {
        return type;
      }
    }
    if (contentType.contains("strategic-merge-patch")) {
      throw ValidationException.forField("patchType", "NotSupported",
          "strategic merge patch is not supported for custom resources; use MERGE, JSON or APPLY");
    }
    throw ValidationException.forField("patchType", "NotSupported",
        "unknown patch content type '" + contentType + "'");
  }
}
