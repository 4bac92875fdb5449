CREATE TABLE orders (id bigserial PRIMARY KEY, total numeric(10, 2) NOT NULL);
