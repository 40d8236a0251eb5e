ALTER TABLE jdbc_test_widget ADD COLUMN colour VARCHAR(20);
