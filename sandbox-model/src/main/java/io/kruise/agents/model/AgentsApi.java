package io.kruise.agents.model;

/**
 * Coordinates of the OpenKruise Agents API ({@code agents.kruise.io/v1alpha1}).
 *
 * <p>One place for the strings that clients, informers and tests need to address the
 * custom resources, so nobody re-types a plural or a CRD name.
 */
public final class AgentsApi {

  /** API group of every OpenKruise Agents resource. */
  public static final String GROUP = "agents.kruise.io";
  /** The only served (and storage) version this model maps. */
  public static final String VERSION = "v1alpha1";
  /** {@code apiVersion} field value: group and version joined by a slash. */
  public static final String API_VERSION = GROUP + "/" + VERSION;
  /** Common prefix of the labels and annotations owned by OpenKruise Agents. */
  public static final String PREFIX = GROUP + "/";

  /** Kind of a single sandbox. */
  public static final String SANDBOX_KIND = "Sandbox";
  /** Kind of a warm pool of sandboxes. */
  public static final String SANDBOXSET_KIND = "SandboxSet";
  /** Kind of a request to claim sandboxes from a pool. */
  public static final String SANDBOXCLAIM_KIND = "SandboxClaim";
  /** Kind of a reusable sandbox template. */
  public static final String SANDBOXTEMPLATE_KIND = "SandboxTemplate";
  /** Kind of a list of sandboxes. */
  public static final String SANDBOX_LIST_KIND = "SandboxList";
  /** Kind of a list of sandbox sets. */
  public static final String SANDBOXSET_LIST_KIND = "SandboxSetList";
  /** Kind of a list of sandbox claims. */
  public static final String SANDBOXCLAIM_LIST_KIND = "SandboxClaimList";
  /** Kind of a list of sandbox templates. */
  public static final String SANDBOXTEMPLATE_LIST_KIND = "SandboxTemplateList";

  /** REST resource name (plural) of sandboxes. */
  public static final String SANDBOX_PLURAL = "sandboxes";
  /** REST resource name (plural) of sandbox sets. */
  public static final String SANDBOXSET_PLURAL = "sandboxsets";
  /** REST resource name (plural) of sandbox claims. */
  public static final String SANDBOXCLAIM_PLURAL = "sandboxclaims";
  /** REST resource name (plural) of sandbox templates. */
  public static final String SANDBOXTEMPLATE_PLURAL = "sandboxtemplates";
  /** Singular resource name of a sandbox. */
  public static final String SANDBOX_SINGULAR = "sandbox";
  /** Singular resource name of a sandbox set. */
  public static final String SANDBOXSET_SINGULAR = "sandboxset";
  /** Singular resource name of a sandbox claim. */
  public static final String SANDBOXCLAIM_SINGULAR = "sandboxclaim";
  /** Singular resource name of a sandbox template. */
  public static final String SANDBOXTEMPLATE_SINGULAR = "sandboxtemplate";
  /** kubectl short name of sandboxes ({@code kubectl get sbx}). */
  public static final String SANDBOX_SHORT_NAME = "sbx";
  /** kubectl short name of sandbox sets ({@code kubectl get sbs}). */
  public static final String SANDBOXSET_SHORT_NAME = "sbs";
  /** kubectl short name of sandbox claims ({@code kubectl get sbc}). */
  public static final String SANDBOXCLAIM_SHORT_NAME = "sbc";
  /** kubectl short name of sandbox templates ({@code kubectl get sbt}). */
  public static final String SANDBOXTEMPLATE_SHORT_NAME = "sbt";

  /** Name of the Sandbox CustomResourceDefinition. */
  public static final String SANDBOX_CRD_NAME = SANDBOX_PLURAL + "." + GROUP;
  /** Name of the SandboxSet CustomResourceDefinition. */
  public static final String SANDBOXSET_CRD_NAME = SANDBOXSET_PLURAL + "." + GROUP;
  /** Name of the SandboxClaim CustomResourceDefinition. */
  public static final String SANDBOXCLAIM_CRD_NAME = SANDBOXCLAIM_PLURAL + "." + GROUP;
  /** Name of the SandboxTemplate CustomResourceDefinition. */
  public static final String SANDBOXTEMPLATE_CRD_NAME = SANDBOXTEMPLATE_PLURAL + "." + GROUP;

  /**
   * Classpath location of the generated Sandbox CRD inside this jar (load it with
   * {@code AgentsApi.class.getResourceAsStream(SANDBOX_CRD_RESOURCE)}).
   */
  public static final String SANDBOX_CRD_RESOURCE = "/META-INF/fabric8/" + SANDBOX_CRD_NAME + "-v1.yml";
  /** Classpath location of the generated SandboxSet CRD inside this jar. */
  public static final String SANDBOXSET_CRD_RESOURCE =
      "/META-INF/fabric8/" + SANDBOXSET_CRD_NAME + "-v1.yml";
  /** Classpath location of the generated SandboxClaim CRD inside this jar. */
  public static final String SANDBOXCLAIM_CRD_RESOURCE =
      "/META-INF/fabric8/" + SANDBOXCLAIM_CRD_NAME + "-v1.yml";
  /** Classpath location of the generated SandboxTemplate CRD inside this jar. */
  public static final String SANDBOXTEMPLATE_CRD_RESOURCE =
      "/META-INF/fabric8/" + SANDBOXTEMPLATE_CRD_NAME + "-v1.yml";

  private AgentsApi() {
  }
}
