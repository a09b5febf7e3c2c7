package dev.bastion.auth;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The accounts and tokens contract on the default embedded H2 database.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class AccountsAndTokensIntegrationTests extends AccountsAndTokensContract {

}
