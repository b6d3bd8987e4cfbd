package io.github.udpkit.testkit.internal;

/**
 * The Gilbert-Elliott burst-loss chain, as netem's {@code loss gemodel p r 1-h 1-k}: two states, good and bad; each
 * datagram is lost with the loss probability of the state it finds the chain in, then the chain moves (good to bad
 * with {@code p}, bad to good with {@code r}). The long-run loss rate is
 * {@code (r * lossInGood + p * lossInBad) / (p + r)}; with {@code lossInBad = 1} and {@code lossInGood = 0} the mean
 * burst of consecutive losses is {@code 1 / r} datagrams. Not thread-safe: one chain per direction, driven in
 * sequence order.
 */
public final class GilbertElliott {
    private final double goodToBad;
    private final double badToGood;
    private final double lossInBad;
    private final double lossInGood;
    private boolean bad;

    /**
     * Creates a chain in the good state.
     *
     * @param goodToBad p
     * @param badToGood r
     * @param lossInBad netem's 1-h
     * @param lossInGood netem's 1-k
     */
    public GilbertElliott(double goodToBad, double badToGood, double lossInBad, double lossInGood) {
        this.goodToBad = goodToBad;
        this.badToGood = badToGood;
        this.lossInBad = lossInBad;
        this.lossInGood = lossInGood;
    }

    /**
     * Decides one datagram and advances the chain.
     *
     * @param uLoss a uniform draw in [0, 1) for the loss
     * @param uMove a uniform draw in [0, 1) for the transition
     * @return {@code true} if the datagram is lost
     */
    public boolean lose(double uLoss, double uMove) {
        boolean lost = uLoss < (bad ? lossInBad : lossInGood);
        bad = bad ? uMove >= badToGood : uMove < goodToBad;
        return lost;
    }

    /**
     * Tells the state the next datagram will find.
     *
     * @return {@code true} in the bad state
     */
    public boolean bad() {
        return bad;
    }
}
