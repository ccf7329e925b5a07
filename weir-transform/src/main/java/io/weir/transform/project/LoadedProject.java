package io.weir.transform.project;

import static java.util.Objects.requireNonNull;

import io.weir.transform.jinja.JinjaEngine;

/** A project read from disk: its manifest and the Jinja environment its nodes compile in. */
public record LoadedProject(Manifest manifest, JinjaEngine engine) {
    public LoadedProject {
        requireNonNull(manifest, "manifest is null");
        requireNonNull(engine, "engine is null");
    }
}
