// One call into libpng's simplified API (png_image, libpng 1.6): it reports
// failures in the image's message instead of longjmp, which Swift cannot
// cross, and its macros (PNG_IMAGE_VERSION, the formats) are not importable.
#ifndef TRAFFIC_CPNG_SHIM_H
#define TRAFFIC_CPNG_SHIM_H

#include <png.h>
#include <stdlib.h>
#include <string.h>

// A fresh description of a palette image with RGB colours.
static inline png_image cpng_indexed_image(png_uint_32 width, png_uint_32 height, png_uint_32 entries) {
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = width;
    image.height = height;
    image.format = PNG_FORMAT_RGB_COLORMAP;
    image.colormap_entries = entries;
    return image;
}

// Encodes `width` x `height` palette indices (one byte each, rows from the
// top) with the RGB colours of `palette` (3 bytes per entry, `entries` of
// them) as a PNG in memory. Returns the bytes (malloc'd: the caller frees
// them) and their count in *size, or NULL with the reason in `message`.
// With 2 entries libpng writes 1 bit per pixel. The first call only sizes.
static inline void *cpng_encode_indexed(const unsigned char *indices, png_uint_32 width, png_uint_32 height,
                                        const unsigned char *palette, png_uint_32 entries, size_t *size,
                                        char message[64]) {
    png_image image = cpng_indexed_image(width, height, entries);
    void *memory = NULL;
    *size = 0;
    if (png_image_write_to_memory(&image, NULL, size, 0, indices, (png_int_32)width, palette)) {
        memory = malloc(*size);
        image = cpng_indexed_image(width, height, entries);
        if (memory != NULL
            && png_image_write_to_memory(&image, memory, size, 0, indices, (png_int_32)width, palette)) {
            return memory;
        }
        if (memory == NULL) strcpy(image.message, "no memory for the encoded picture");
        free(memory);
    }
    png_image_free(&image);
    memcpy(message, image.message, 64);
    message[63] = '\0';
    return NULL;
}

#endif
