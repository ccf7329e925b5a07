/** Declared secrets, resolved by name from the environment or a mounted secrets folder. */
package io.weir.engine.secret;
