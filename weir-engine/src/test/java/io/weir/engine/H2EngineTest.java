package io.weir.engine;

import io.weir.engine.testing.TestProject;

class H2EngineTest extends EngineContract {
    @Override
    TestProject.Backend backend() {
        return TestProject.Backend.H2;
    }
}
