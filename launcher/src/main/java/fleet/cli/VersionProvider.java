package fleet.cli;

import fleet.fetch.OpenemsVersion;
import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"fleet " + (version == null ? "(development build)" : version),
                "tested with OpenEMS " + OpenemsVersion.TESTED,
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
}
