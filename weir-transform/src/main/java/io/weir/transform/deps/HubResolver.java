package io.weir.transform.deps;

import io.weir.transform.TransformException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses one version of each hub package: the newest that every range asking for it allows, the ranges of the
 * project's packages files and those of the chosen versions of other hub packages alike, until the choice settles.
 */
final class HubResolver {
    private static final int MAX_ROUNDS = 100;

    private final DbtHub hub;
    private final Map<String, List<Requirement>> listed = new LinkedHashMap<>();

    /** One range for a package and who asks for it (a packages file or another package's version). */
    private record Requirement(VersionRange range, boolean installPrerelease, String requiredBy) {
        @Override
        public String toString() {
            return range + " from " + requiredBy;
        }
    }

    HubResolver(DbtHub hub) {
        this.hub = hub;
    }

    /** Records that {@code requiredBy} (such as {@code packages.yml}) lists {@code spec}. */
    void require(PackageSpec.Hub spec, String requiredBy) {
        listed.computeIfAbsent(spec.name(), name -> new ArrayList<>())
                .add(new Requirement(
                        VersionRange.parse(spec.versions(), requiredBy + " " + spec.name()),
                        spec.installPrerelease(),
                        requiredBy));
    }

    boolean isEmpty() {
        return listed.isEmpty();
    }

    /**
     * The chosen version of every hub package, listed ones first.
     *
     * @param followDependencies whether the chosen versions' own hub packages are chosen too (not when installing
     *     what {@code package-lock.yml} pins, which lists them already)
     * @throws TransformException naming the package, every range and who asks for it when no version fits them all
     */
    List<HubRelease> resolve(boolean followDependencies) {
        Map<String, HubRelease> chosen = new LinkedHashMap<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Map<String, List<Requirement>> all = new LinkedHashMap<>();
            listed.forEach((name, requirements) -> all.put(name, new ArrayList<>(requirements)));
            if (followDependencies) {
                for (HubRelease release : chosen.values()) {
                    for (PackageSpec.Hub dependency : release.dependencies()) {
                        all.computeIfAbsent(dependency.name(), name -> new ArrayList<>())
                                .add(new Requirement(
                                        VersionRange.parse(dependency.versions(), release.toString()),
                                        false,
                                        "the hub package " + release));
                    }
                }
            }
            Map<String, HubRelease> next = new LinkedHashMap<>();
            all.forEach((name, requirements) -> next.put(name, choose(name, requirements)));
            if (next.equals(chosen)) {
                return List.copyOf(chosen.values());
            }
            chosen = next;
        }
        throw new TransformException("The versions of the hub packages " + chosen.keySet() + " do not settle: their"
                + " dependencies keep changing which version fits; pin exact versions in packages.yml");
    }

    private HubRelease choose(String name, List<Requirement> requirements) {
        boolean prerelease = requirements.stream()
                .anyMatch(requirement ->
                        requirement.installPrerelease() || requirement.range().pinsPrerelease());
        List<HubRelease> releases = hub.releases(name).stream()
                .filter(release -> prerelease || !release.version().isPrerelease())
                .toList();
        Optional<HubRelease> fits = releases.stream()
                .filter(release -> requirements.stream()
                        .allMatch(requirement -> requirement.range().allows(release.version())))
                .findFirst();
        if (fits.isPresent()) {
            return fits.get();
        }
        String available = releases.isEmpty()
                ? "none"
                : String.join(
                        ", ",
                        releases.stream()
                                .map(release -> release.version().toString())
                                .limit(12)
                                .toList());
        for (Requirement requirement : requirements) {
            if (releases.stream().noneMatch(release -> requirement.range().allows(release.version()))) {
                throw new TransformException("The hub package " + name + " has no version in " + requirement
                        + " (the hub has " + available + "); change the version range");
            }
        }
        throw new TransformException("The hub package " + name + " has no version that every range allows: "
                + String.join(
                        "; ", requirements.stream().map(Requirement::toString).toList()) + " (the hub has "
                + available + "); change the range in packages.yml or pin a version of the package that asks for"
                + " the other");
    }
}
