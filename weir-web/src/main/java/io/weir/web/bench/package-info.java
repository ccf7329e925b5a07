/** {@code weir bench web}: page and API latency beside the store queries they make, and the API under load. */
package io.weir.web.bench;
