/** Encryption of variable values at rest (AES-256-GCM) and the key they are encrypted with. */
package io.weir.store.crypto;
