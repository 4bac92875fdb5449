DROP PROCEDURE `place_order`;
DROP TRIGGER `order_items_after_insert`;
