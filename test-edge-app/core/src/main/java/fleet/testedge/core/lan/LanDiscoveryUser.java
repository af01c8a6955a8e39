package fleet.testedge.core.lan;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import fleet.testedge.core.api.LanDiscovery;
import fleet.testedge.core.api.TestEdgeComponent;

/**
 * {@code Test.LanDiscoveryUser}: like OpenEMS's Shelly discovery of the App Manager, it needs a
 * {@link LanDiscovery} (a mandatory reference) and subscribes at activation. Only when configured.
 */
@Component(name = LanDiscoveryUser.PID, configurationPid = LanDiscoveryUser.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = TestEdgeComponent.class)
public class LanDiscoveryUser implements TestEdgeComponent {

    static final String PID = "Test.LanDiscoveryUser";

    public @interface Config {
        String id() default "lanDiscoveryUser0";
    }

    @Reference
    private LanDiscovery discovery;
    private AutoCloseable subscription;
    private String id;

    @Activate
    void activate(Config config) {
        id = config.id();
        subscription = discovery.subscribeService("_shelly._tcp.local.", name -> {
        });
    }

    @Deactivate
    void deactivate() throws Exception {
        subscription.close();
    }

    @Override
    public String id() {
        return id;
    }
}
