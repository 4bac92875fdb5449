CREATE TABLE broken (id int;
