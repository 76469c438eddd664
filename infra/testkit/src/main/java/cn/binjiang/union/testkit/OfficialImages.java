package cn.binjiang.union.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The official image of each service the tests run in a container, as images.properties names it. */
final class OfficialImages {
    private static final Properties IMAGES = load();

    private OfficialImages() {}

    static String of(String service) {
        String image = IMAGES.getProperty(service);
        if (image == null) throw new IllegalArgumentException("images.properties names no image for " + service);
        return image;
    }

    private static Properties load() {
        try (InputStream in = OfficialImages.class.getResourceAsStream("images.properties")) {
            Properties images = new Properties();
            images.load(in);
            return images;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
