package io.afferent.drivers.gpio;

/**
 * The two channels of one quadrature encoder, BCM numbering.
 *
 * @param reversed count the other way (the left wheel of a differential drive usually turns mirrored)
 */
public record EncoderPins(int aBcm, int bBcm, boolean reversed) {
}
