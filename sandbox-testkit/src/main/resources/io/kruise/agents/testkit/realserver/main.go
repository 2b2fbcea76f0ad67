// Command kruise-test-apiserver is a real Kubernetes CRD API server
// (k8s.io/apiextensions-apiserver) for tests, with local authentication and
// authorization instead of the webhook delegation to a core API server that
// the stock apiextensions-apiserver main uses.
//
// Besides the usual generic apiserver flags (--etcd-servers, --secure-port,
// --bind-address, --cert-dir, --watch-cache, ...) it accepts:
//
//	--token-auth-file FILE   CSV lines: token,user,uid,"group1,group2"
//
// Authentication: only bearer tokens from that file (plus the server's own
// loopback token) are accepted; no token or an unknown token gives 401.
//
// Authorization (one rule table, rulesFor, read by both the authorizer and
// the review endpoints, so what a review reports is what the server enforces):
//   - group system:masters: everything;
//   - group kruise:readonly, or user name "readonly": only get, list, watch
//     (and GET/HEAD of non-resource URLs such as /readyz); other verbs: 403;
//   - every authenticated user may create selfsubjectrulesreviews and
//     selfsubjectaccessreviews (like Kubernetes' system:basic-user role);
//   - anything else: 403.
//
// Served by this main itself (a real kube-apiserver has them, the CRD API
// server does not):
//   - POST /apis/authorization.k8s.io/v1/selfsubjectrulesreviews: the
//     caller's rules (java-operator-sdk checks its Lease permissions with it);
//   - POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews: the
//     authorizer's decision for the given attributes.
//
// Metrics: besides the stock ones on /metrics, the counter
// kruise_testkit_requests_started_total{verb,group,resource,subresource,scope,namespace}
// counts resource requests when they START (after authorization). The stock
// apiserver_request_total counts a request when it ENDS, so an open WATCH is
// not in it yet; this counter shows how many watches were opened, per
// namespace.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	authorizationv1 "k8s.io/api/authorization/v1"
	"k8s.io/apiextensions-apiserver/pkg/cmd/server/options"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/authentication/request/bearertoken"
	"k8s.io/apiserver/pkg/authentication/token/tokenfile"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	endpointmetrics "k8s.io/apiserver/pkg/endpoints/metrics"
	"k8s.io/apiserver/pkg/endpoints/request"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/component-base/cli"
	compbasemetrics "k8s.io/component-base/metrics"
	"k8s.io/component-base/metrics/legacyregistry"
)

const (
	readOnlyGroup = "kruise:readonly"
	readOnlyUser  = "readonly"
)

// placeholderKubeconfig points the (unused) core-API client at a closed port.
// The apiextensions options insist on building a core client and informer
// factory; run() drops the factory again, and with the default admission
// plugins disabled nothing calls the client.
const placeholderKubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: none
  cluster:
    server: https://127.0.0.1:1
    insecure-skip-tls-verify: true
contexts:
- name: none
  context:
    cluster: none
    user: none
current-context: none
users:
- name: none
  user:
    token: none
`

var defaultDisabledAdmission = []string{
	"NamespaceLifecycle",
	"MutatingAdmissionWebhook",
	"ValidatingAdmissionWebhook",
	"ValidatingAdmissionPolicy",
	"MutatingAdmissionPolicy",
}

func main() {
	ctx := genericapiserver.SetupSignalContext()
	os.Exit(cli.Run(newCommand(ctx)))
}

func newCommand(ctx context.Context) *cobra.Command {
	o := options.NewCustomResourceDefinitionsServerOptions(os.Stdout, os.Stderr)
	// Authentication and authorization are local (see below): drop the
	// delegating options and their flags.
	o.RecommendedOptions.Authentication = nil
	o.RecommendedOptions.Authorization = nil
	// Sensible defaults for a standalone test server; flags can override.
	o.RecommendedOptions.Features.EnablePriorityAndFairness = false
	o.RecommendedOptions.Admission.DisablePlugins = append([]string(nil), defaultDisabledAdmission...)
	o.RecommendedOptions.SecureServing.BindAddress = []byte{127, 0, 0, 1}

	var tokenFile string
	cmd := &cobra.Command{
		Use:          "kruise-test-apiserver",
		Short:        "Kubernetes CRD API server for tests (static tokens, local authorizer)",
		SilenceUsage: true,
		PersistentPreRunE: func(*cobra.Command, []string) error {
			return o.ServerRunOptions.ComponentGlobalsRegistry.Set()
		},
		RunE: func(c *cobra.Command, args []string) error {
			if tokenFile == "" {
				return fmt.Errorf("--token-auth-file is required")
			}
			if err := o.Complete(); err != nil {
				return err
			}
			if err := o.Validate(); err != nil {
				return err
			}
			return run(c.Context(), o, tokenFile)
		},
	}
	cmd.SetContext(ctx)
	fs := cmd.Flags()
	o.AddFlags(fs)
	fs.StringVar(&tokenFile, "token-auth-file", "",
		`CSV file of bearer tokens: token,user,uid,"group1,group2" per line. `+
			`Group system:masters may do everything; group `+readOnlyGroup+` (or user `+readOnlyUser+`) may only get/list/watch.`)
	return cmd
}

func run(ctx context.Context, o *options.CustomResourceDefinitionsServerOptions, tokenFile string) error {
	tokens, err := tokenfile.NewCSV(tokenFile)
	if err != nil {
		return err
	}

	// Without --kubeconfig there is no core API server: give the options a
	// placeholder kubeconfig (read eagerly by o.Config(), removed right after).
	placeholder := o.RecommendedOptions.CoreAPI != nil && o.RecommendedOptions.CoreAPI.CoreAPIKubeconfigPath == ""
	var placeholderDir string
	if placeholder {
		placeholderDir, err = os.MkdirTemp("", "kruise-test-apiserver-")
		if err != nil {
			return err
		}
		p := filepath.Join(placeholderDir, "placeholder-core.kubeconfig")
		if err := os.WriteFile(p, []byte(placeholderKubeconfig), 0o600); err != nil {
			os.RemoveAll(placeholderDir)
			return err
		}
		o.RecommendedOptions.CoreAPI.CoreAPIKubeconfigPath = p
	}

	config, err := o.Config()
	if placeholder {
		os.RemoveAll(placeholderDir)
		o.RecommendedOptions.CoreAPI.CoreAPIKubeconfigPath = ""
	}
	if err != nil {
		return err
	}
	if placeholder {
		// Nothing may use the core informers: without this the Service
		// informer (webhook service resolver) is started against the
		// placeholder and /readyz reports informer-sync failed forever.
		config.GenericConfig.SharedInformerFactory = nil
		config.ExtraConfig.ServiceResolver = noServiceResolver{}
	}
	// Replace authn/authz. GenericConfig.Complete() (called by
	// config.Complete() below) unions the loopback bearer token (user
	// system:apiserver, group system:masters) in front of this authenticator,
	// so the server's own controllers keep working.
	config.GenericConfig.Authentication.Authenticator = bearertoken.New(tokens)
	config.GenericConfig.Authorization.Authorizer = localAuthorizer{}
	// Innermost, after authentication and authorization: the request is
	// counted as started, and the review endpoints answer here.
	config.GenericConfig.BuildHandlerChainFunc = func(apiHandler http.Handler, c *genericapiserver.Config) http.Handler {
		return genericapiserver.DefaultBuildHandlerChain(withRequestsStarted(withReviews(apiHandler)), c)
	}

	server, err := config.Complete().New(genericapiserver.NewEmptyDelegate())
	if err != nil {
		return err
	}
	return server.GenericAPIServer.PrepareRun().RunWithContext(ctx)
}

// noServiceResolver: there are no Service objects without a core API, so
// conversion webhooks must use clientConfig.url, not clientConfig.service.
type noServiceResolver struct{}

func (noServiceResolver) ResolveEndpoint(namespace, name string, port int32) (*url.URL, error) {
	return nil, fmt.Errorf("cannot resolve service %s/%s:%d: this test server has no core API (use a webhook url)", namespace, name, port)
}

type localAuthorizer struct{}

func (localAuthorizer) Authorize(_ context.Context, a authorizer.Attributes) (authorizer.Decision, string, error) {
	u := a.GetUser()
	if u == nil {
		return authorizer.DecisionDeny, "no user", nil
	}
	resourceRules, nonResourceRules := rulesFor(u)
	if a.IsResourceRequest() {
		for _, r := range resourceRules {
			if resourceRuleAllows(r, a) {
				return authorizer.DecisionAllow, "", nil
			}
		}
	} else {
		for _, r := range nonResourceRules {
			if nonResourceRuleAllows(r, a) {
				return authorizer.DecisionAllow, "", nil
			}
		}
	}
	if isReadOnly(u) {
		return authorizer.DecisionDeny, fmt.Sprintf("user %q is read-only (get, list, watch only), verb %q denied", u.GetName(), a.GetVerb()), nil
	}
	return authorizer.DecisionDeny, fmt.Sprintf("user %q is neither in group %s nor %s", u.GetName(), user.SystemPrivilegedGroup, readOnlyGroup), nil
}

// selfReviewRule lets every authenticated user ask what it may do.
var selfReviewRule = authorizationv1.ResourceRule{
	Verbs:     []string{"create"},
	APIGroups: []string{authorizationv1.GroupName},
	Resources: []string{"selfsubjectaccessreviews", "selfsubjectrulesreviews"},
}

// rulesFor is the whole authorization policy.
func rulesFor(u user.Info) ([]authorizationv1.ResourceRule, []authorizationv1.NonResourceRule) {
	switch {
	case contains(u.GetGroups(), user.SystemPrivilegedGroup):
		return []authorizationv1.ResourceRule{{Verbs: []string{"*"}, APIGroups: []string{"*"}, Resources: []string{"*"}}},
			[]authorizationv1.NonResourceRule{{Verbs: []string{"*"}, NonResourceURLs: []string{"*"}}}
	case isReadOnly(u):
		return []authorizationv1.ResourceRule{
				{Verbs: []string{"get", "list", "watch"}, APIGroups: []string{"*"}, Resources: []string{"*"}},
				selfReviewRule,
			},
			[]authorizationv1.NonResourceRule{{Verbs: []string{"get", "head"}, NonResourceURLs: []string{"*"}}}
	default:
		return []authorizationv1.ResourceRule{selfReviewRule}, []authorizationv1.NonResourceRule{}
	}
}

func isReadOnly(u user.Info) bool {
	return contains(u.GetGroups(), readOnlyGroup) || u.GetName() == readOnlyUser
}

func resourceRuleAllows(r authorizationv1.ResourceRule, a authorizer.Attributes) bool {
	resource := a.GetResource()
	if a.GetSubresource() != "" {
		resource += "/" + a.GetSubresource()
	}
	return matches(r.Verbs, a.GetVerb()) && matches(r.APIGroups, a.GetAPIGroup()) &&
		matches(r.Resources, resource) &&
		(len(r.ResourceNames) == 0 || contains(r.ResourceNames, a.GetName()))
}

func nonResourceRuleAllows(r authorizationv1.NonResourceRule, a authorizer.Attributes) bool {
	if !matches(r.Verbs, a.GetVerb()) {
		return false
	}
	for _, p := range r.NonResourceURLs {
		if p == "*" || p == a.GetPath() || (strings.HasSuffix(p, "*") && strings.HasPrefix(a.GetPath(), strings.TrimSuffix(p, "*"))) {
			return true
		}
	}
	return false
}

// matches: the list holds s or the wildcard "*".
func matches(list []string, s string) bool {
	return contains(list, "*") || contains(list, s)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------------------
// Requests counted when they start.

var requestsStarted = compbasemetrics.NewCounterVec(
	&compbasemetrics.CounterOpts{
		Name: "kruise_testkit_requests_started_total",
		Help: "Resource requests by verb, group, resource, subresource, scope and namespace, counted when they start " +
			"(after authorization); apiserver_request_total counts them when they end, so an open WATCH is only here.",
		StabilityLevel: compbasemetrics.ALPHA,
	},
	[]string{"verb", "group", "resource", "subresource", "scope", "namespace"},
)

func init() {
	legacyregistry.MustRegister(requestsStarted)
}

func withRequestsStarted(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if info, ok := request.RequestInfoFrom(req.Context()); ok && info.IsResourceRequest {
			// The same verb and scope labels as apiserver_request_total (LIST, WATCH, GET, POST, ...).
			requestsStarted.WithContext(req.Context()).WithLabelValues(endpointmetrics.NormalizedVerb(req),
				info.APIGroup, info.Resource, info.Subresource, endpointmetrics.CleanScope(info), info.Namespace).Inc()
		}
		next.ServeHTTP(w, req)
	})
}

// ---------------------------------------------------------------------------
// SelfSubjectRulesReview and SelfSubjectAccessReview (JSON only).

const maxReviewBody = 1 << 20

func withReviews(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		info, ok := request.RequestInfoFrom(req.Context())
		if ok && info.IsResourceRequest && info.APIGroup == authorizationv1.GroupName && info.APIVersion == "v1" &&
			info.Verb == "create" && info.Subresource == "" && info.Namespace == "" {
			switch info.Resource {
			case "selfsubjectrulesreviews":
				serveRulesReview(w, req)
				return
			case "selfsubjectaccessreviews":
				serveAccessReview(w, req)
				return
			}
		}
		next.ServeHTTP(w, req)
	})
}

func serveRulesReview(w http.ResponseWriter, req *http.Request) {
	u, ok := request.UserFrom(req.Context())
	if !ok {
		writeStatus(w, http.StatusUnauthorized, metav1.StatusReasonUnauthorized, "no user")
		return
	}
	var review authorizationv1.SelfSubjectRulesReview
	if !decodeJSON(w, req, &review) {
		return
	}
	resourceRules, nonResourceRules := rulesFor(u)
	review.TypeMeta = metav1.TypeMeta{APIVersion: authorizationv1.SchemeGroupVersion.String(), Kind: "SelfSubjectRulesReview"}
	// The rules do not depend on spec.namespace: the policy has no namespaced rules.
	review.Status = authorizationv1.SubjectRulesReviewStatus{ResourceRules: resourceRules, NonResourceRules: nonResourceRules}
	writeJSON(w, http.StatusCreated, review)
}

func serveAccessReview(w http.ResponseWriter, req *http.Request) {
	u, ok := request.UserFrom(req.Context())
	if !ok {
		writeStatus(w, http.StatusUnauthorized, metav1.StatusReasonUnauthorized, "no user")
		return
	}
	var review authorizationv1.SelfSubjectAccessReview
	if !decodeJSON(w, req, &review) {
		return
	}
	attrs := authorizer.AttributesRecord{User: u}
	switch {
	case review.Spec.ResourceAttributes != nil:
		ra := review.Spec.ResourceAttributes
		attrs.Verb, attrs.Namespace, attrs.APIGroup, attrs.APIVersion = ra.Verb, ra.Namespace, ra.Group, ra.Version
		attrs.Resource, attrs.Subresource, attrs.Name, attrs.ResourceRequest = ra.Resource, ra.Subresource, ra.Name, true
	case review.Spec.NonResourceAttributes != nil:
		attrs.Verb, attrs.Path = review.Spec.NonResourceAttributes.Verb, review.Spec.NonResourceAttributes.Path
	default:
		writeStatus(w, http.StatusUnprocessableEntity, metav1.StatusReasonInvalid,
			"exactly one of spec.resourceAttributes and spec.nonResourceAttributes must be set")
		return
	}
	decision, reason, _ := localAuthorizer{}.Authorize(req.Context(), attrs)
	review.TypeMeta = metav1.TypeMeta{APIVersion: authorizationv1.SchemeGroupVersion.String(), Kind: "SelfSubjectAccessReview"}
	review.Status = authorizationv1.SubjectAccessReviewStatus{
		Allowed: decision == authorizer.DecisionAllow,
		Denied:  decision == authorizer.DecisionDeny,
		Reason:  reason,
	}
	writeJSON(w, http.StatusCreated, review)
}

func decodeJSON(w http.ResponseWriter, req *http.Request, into interface{}) bool {
	if mediaType, _, err := mime.ParseMediaType(req.Header.Get("Content-Type")); err != nil || mediaType != "application/json" {
		writeStatus(w, http.StatusUnsupportedMediaType, metav1.StatusReasonUnsupportedMediaType,
			"this test server answers reviews in application/json only")
		return false
	}
	body, err := io.ReadAll(io.LimitReader(req.Body, maxReviewBody+1))
	if err == nil && len(body) > maxReviewBody {
		err = fmt.Errorf("body larger than %d bytes", maxReviewBody)
	}
	if err == nil {
		err = json.Unmarshal(body, into)
	}
	if err != nil {
		writeStatus(w, http.StatusBadRequest, metav1.StatusReasonBadRequest, "cannot decode the review: "+err.Error())
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, code int, body interface{}) {
	data, err := json.Marshal(body)
	if err != nil {
		writeStatus(w, http.StatusInternalServerError, metav1.StatusReasonInternalError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = w.Write(data)
}

func writeStatus(w http.ResponseWriter, code int, reason metav1.StatusReason, message string) {
	data, _ := json.Marshal(metav1.Status{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Status"},
		Status:   metav1.StatusFailure, Message: message, Reason: reason, Code: int32(code),
	})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = w.Write(data)
}
