/**
 * Micrometer meters for udpkit: {@link io.github.udpkit.micrometer.UdpkitMetrics} binds the stats of a
 * {@link io.github.udpkit.UdpReceiver}, {@link io.github.udpkit.UdpSender} or {@link io.github.udpkit.UdpClient} to a
 * {@code MeterRegistry}. Depends on udp-api and Micrometer only.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // micrometer-core has no module-info
module io.github.udpkit.micrometer {
    requires transitive io.github.udpkit;
    requires transitive micrometer.core;

    exports io.github.udpkit.micrometer;
}
