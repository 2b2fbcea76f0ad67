/**
 * The README's quick-start code, compiled and run by the tests so that it cannot rot.
 *
 * <p>Each snippet sits between {@code // tag::name[]} and {@code // end::name[]} comments;
 * {@code ReadmeSnippetsTest} runs every snippet against a mock API server and checks that the
 * README shows exactly this code. Change the code here first, then paste it into the README.
 */
package io.kruise.agents.examples.quickstart;
