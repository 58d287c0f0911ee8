package dev.vigil.protection;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

class PostgresStoreTest extends StoreContractTest {
  private final List<TestStores.PostgresSchema> schemas = new ArrayList<>();

  @Override
  SlashingProtection openEmpty() {
    TestStores.PostgresSchema schema = new TestStores.PostgresSchema();
    schemas.add(schema);
    return schema.open();
  }

  @Override
  SlashingProtection reopen(PruningPolicy pruning) {
    return schemas.get(schemas.size() - 1).open(pruning);
  }

  @AfterEach
  void dropSchemas() throws Exception {
    store.close();
    for (TestStores.PostgresSchema schema : schemas) {
      schema.close();
    }
  }
}
