-- CreateTable
CREATE TABLE `products` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `sku` VARCHAR(32) NOT NULL,
    `title` VARCHAR(200) NOT NULL,
    `price_cents` INTEGER NOT NULL,
    `stock` INTEGER NOT NULL DEFAULT 0,

    UNIQUE INDEX `products_sku_key`(`sku`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

INSERT INTO `products` (`sku`, `title`, `price_cents`, `stock`) VALUES
    ('MUG-01', 'Enamel mug', 1200, 40),
    ('TEE-01', 'T-shirt; organic cotton', 2500, 15);
