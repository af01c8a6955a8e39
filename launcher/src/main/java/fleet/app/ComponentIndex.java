package fleet.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Which bundle holds the Declarative Services components for which configuration PIDs, read from
 * each bundle's {@code Service-Component} descriptors. Tells fleet which bundles a template needs.
 */
public final class ComponentIndex {

    private final Map<AppBundle, Set<String>> pidsByBundle;

    private ComponentIndex(Map<AppBundle, Set<String>> pidsByBundle) {
        this.pidsByBundle = pidsByBundle;
    }

    public static ComponentIndex of(List<AppBundle> bundles) {
        Map<AppBundle, Set<String>> index = new HashMap<>();
        DocumentBuilder parser = parser();
        for (AppBundle bundle : bundles) {
            index.put(bundle, configurationPids(bundle, parser));
        }
        return new ComponentIndex(index);
    }

    /** The bundles that hold a component for one of these configuration PIDs (factory or singleton). */
    public Set<AppBundle> bundlesFor(Set<String> pids) {
        Set<AppBundle> bundles = new HashSet<>();
        pidsByBundle.forEach((bundle, held) -> {
            if (held.stream().anyMatch(pids::contains)) {
                bundles.add(bundle);
            }
        });
        return bundles;
    }

    /** Every configuration PID some component of these bundles uses. */
    public Set<String> allPids() {
        Set<String> all = new HashSet<>();
        pidsByBundle.values().forEach(all::addAll);
        return all;
    }

    private static Set<String> configurationPids(AppBundle bundle, DocumentBuilder parser) {
        Set<String> pids = new HashSet<>();
        try (JarFile jar = new JarFile(bundle.file().toFile())) {
            String header = jar.getManifest() == null ? null
                    : jar.getManifest().getMainAttributes().getValue("Service-Component");
            if (header == null) {
                return pids;
            }
            for (OsgiHeader.Clause clause : OsgiHeader.parse(header)) {
                ZipEntry entry = jar.getEntry(clause.key());
                if (entry == null) {
                    continue; // a pattern or a missing file: SCR ignores it, and so can we
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    NodeList components = parser.parse(in).getElementsByTagNameNS("*", "component");
                    for (int i = 0; i < components.getLength(); i++) {
                        Element component = (Element) components.item(i);
                        String configured = component.getAttribute("configuration-pid");
                        String ids = configured.isBlank() ? component.getAttribute("name") : configured;
                        for (String pid : ids.trim().split("\\s+")) {
                            // "$" stands for the component name (DS 1.3)
                            pids.add("$".equals(pid) ? component.getAttribute("name") : pid);
                        }
                    }
                } catch (SAXException e) {
                    // a broken descriptor makes no component; SCR reports it when the edge runs
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + bundle.file(), e);
        }
        return pids;
    }

    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setExpandEntityReferences(false);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured", e);
        }
    }
}
