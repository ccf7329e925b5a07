package io.weir.cli;

class H2CliEndToEndTest extends CliEndToEndContract {
    @Override
    TestProject.Backend backend() {
        return TestProject.Backend.H2;
    }
}
