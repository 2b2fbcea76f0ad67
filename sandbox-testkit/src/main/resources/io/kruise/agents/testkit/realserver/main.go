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
// Authorization:
//   - group system:masters: everything;
//   - group kruise:readonly, or user name "readonly": only get, list, watch
//     (and GET/HEAD of non-resource URLs such as /readyz); other verbs: 403;
//   - anybody else: 403.
package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"k8s.io/apiextensions-apiserver/pkg/cmd/server/options"
	"k8s.io/apiserver/pkg/authentication/request/bearertoken"
	"k8s.io/apiserver/pkg/authentication/token/tokenfile"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/component-base/cli"
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
	groups := u.GetGroups()
	if contains(groups, user.SystemPrivilegedGroup) {
		return authorizer.DecisionAllow, "", nil
	}
	if contains(groups, readOnlyGroup) || u.GetName() == readOnlyUser {
		switch a.GetVerb() {
		case "get", "list", "watch", "head":
			return authorizer.DecisionAllow, "", nil
		}
		return authorizer.DecisionDeny, fmt.Sprintf("user %q is read-only (get, list, watch only), verb %q denied", u.GetName(), a.GetVerb()), nil
	}
	return authorizer.DecisionDeny, fmt.Sprintf("user %q is neither in group %s nor %s", u.GetName(), user.SystemPrivilegedGroup, readOnlyGroup), nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
