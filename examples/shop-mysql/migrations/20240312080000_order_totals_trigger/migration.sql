-- Keeps orders.total_cents equal to the sum of its items. A compound statement: the body's
-- semicolons stay inside it, with or without a DELIMITER line.
DELIMITER $$
CREATE TRIGGER `order_items_after_insert` AFTER INSERT ON `order_items`
FOR EACH ROW
BEGIN
    UPDATE `orders`
       SET `total_cents` = `total_cents` + NEW.`quantity` * NEW.`price_cents`
     WHERE `id` = NEW.`order_id`;
END$$
DELIMITER ;

CREATE PROCEDURE `place_order`(IN p_customer INT, IN p_sku VARCHAR(32) COLLATE utf8mb4_unicode_ci, IN p_quantity INT)
BEGIN
    DECLARE v_product INT;
    DECLARE v_price INT;
    SELECT `id`, `price_cents` INTO v_product, v_price FROM `products` WHERE `sku` = p_sku;
    INSERT INTO `orders` (`customer_id`) VALUES (p_customer);
    INSERT INTO `order_items` (`order_id`, `product_id`, `quantity`, `price_cents`)
        VALUES (LAST_INSERT_ID(), v_product, p_quantity, v_price);
END;
