/** The API the test edge's bundles share: the cycle, its listeners, the component marker. */
package fleet.testedge.core.api;
