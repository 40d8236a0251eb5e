-- a test component: one table, then a second version adding a column
CREATE TABLE IF NOT EXISTS jdbc_test_widget (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL);
